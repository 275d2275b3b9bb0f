# Full deployment: ROS 2 Jazzy from the ROS apt repository, the real Nav2 stack and Gazebo
# Harmonic with the same SDF worlds as the embedded 2D simulator.
#   docker build -t concierge .
#   docker run --rm -it concierge                       # city hall, headless Gazebo + Nav2
#   docker run --rm -it concierge ros2 launch launch/gazebo/city_hall.launch.yaml site:=arboretum home_place:=visitor_center
FROM osrf/ros:jazzy-desktop

SHELL ["/bin/bash", "-c"]
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
      ros-jazzy-navigation2 ros-jazzy-nav2-bringup ros-jazzy-opennav-docking \
      ros-jazzy-ros-gz ros-jazzy-py-trees ros-jazzy-tf2-ros \
      python3-pip python3-venv python3-colcon-common-extensions \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/concierge
COPY . .

# System packages the project lists for itself (fonts, espeak-ng, Qt libraries, chromium ...).
RUN apt-get update \
    && sed 's/#.*//' setup/apt/*.txt | awk NF | sort -u | xargs apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/*

# Python libraries, except the ROS 2 wheels (ROS comes from apt here).
RUN grep -v -F -f <(grep -v '^#' requirements/docker-exclude.txt | sed 's#^#-r #') requirements.txt > /tmp/req.txt \
    && pip3 install --break-system-packages --ignore-installed -r /tmp/req.txt

# Our ROS packages; the real nav2_msgs is installed, so ros_ws/compat is not built.
RUN source /opt/ros/jazzy/setup.bash \
    && colcon build --base-paths ros_ws/src sim --cmake-args -DBUILD_TESTING=OFF \
    && pip3 install --break-system-packages --no-deps -e .

ENV CONCIERGE_HOME=/opt/concierge
# every node forgets a dead peer in 3 s, as under `concierge launch` (launch/dds/fastdds.xml)
ENV FASTRTPS_DEFAULT_PROFILES_FILE=/opt/concierge/launch/dds/fastdds.xml
RUN echo 'source /opt/ros/jazzy/setup.bash && source /opt/concierge/install/setup.bash' >> /etc/bash.bashrc
ENTRYPOINT ["/bin/bash", "-c", "source /opt/ros/jazzy/setup.bash && source install/setup.bash && exec \"$@\"", "--"]
CMD ["ros2", "launch", "launch/gazebo/city_hall.launch.yaml"]
